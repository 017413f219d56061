import{HELP}from"./chunk-LSF7HHCK.js";import"./chunk-MRHD3T7S.js";import"./chunk-PP7AF7E7.js";import"./chunk-M2BDUPRL.js";import"./chunk-A2EJQX32.js";export{HELP};
