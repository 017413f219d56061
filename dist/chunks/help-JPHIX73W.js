import{HELP}from"./chunk-5HKFV353.js";import"./chunk-S5HWCQKT.js";import"./chunk-XDZCJIO7.js";import"./chunk-M2BDUPRL.js";import"./chunk-A2EJQX32.js";export{HELP};
