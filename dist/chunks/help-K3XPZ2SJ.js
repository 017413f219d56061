import{HELP}from"./chunk-657LEUBR.js";import"./chunk-LKNC375H.js";import"./chunk-XRP2OAC6.js";import"./chunk-MJ7Q25QT.js";import"./chunk-A2EJQX32.js";export{HELP};
