import{HELP}from"./chunk-7B47BE3Y.js";import"./chunk-YEFBNEL4.js";import"./chunk-XRP2OAC6.js";import"./chunk-MJ7Q25QT.js";import"./chunk-A2EJQX32.js";export{HELP};
