import{HELP}from"./chunk-WE4XJH2W.js";import"./chunk-R6XTYTV5.js";import"./chunk-YNC5AFF2.js";import"./chunk-CRGVBIAV.js";import"./chunk-A2EJQX32.js";export{HELP};
