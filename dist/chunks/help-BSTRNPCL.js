import{HELP}from"./chunk-LP22ZKOY.js";import"./chunk-GVQK3M4T.js";import"./chunk-EVUIYGM5.js";import"./chunk-M2BDUPRL.js";import"./chunk-A2EJQX32.js";export{HELP};
