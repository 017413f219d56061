import{HELP}from"./chunk-W4KBKWMG.js";import"./chunk-I4ET2WBL.js";import"./chunk-7BIX2Y3O.js";import"./chunk-M2BDUPRL.js";import"./chunk-A2EJQX32.js";export{HELP};
