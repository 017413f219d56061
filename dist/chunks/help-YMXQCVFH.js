import{HELP}from"./chunk-STOZPSGX.js";import"./chunk-IESXXELP.js";import"./chunk-IIWMFAZ7.js";import"./chunk-CRGVBIAV.js";import"./chunk-A2EJQX32.js";export{HELP};
