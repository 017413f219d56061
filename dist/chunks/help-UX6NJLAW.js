import{HELP}from"./chunk-3WV5URIO.js";import"./chunk-XPUOMVW4.js";import"./chunk-7VSOG7NZ.js";import"./chunk-M2BDUPRL.js";import"./chunk-A2EJQX32.js";export{HELP};
