import{HELP}from"./chunk-4CG2VYZL.js";import"./chunk-W5FDZBMX.js";import"./chunk-2G2BCKDV.js";import"./chunk-CRGVBIAV.js";import"./chunk-A2EJQX32.js";export{HELP};
