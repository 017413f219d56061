import{HELP}from"./chunk-J6KJRNO3.js";import"./chunk-OF4W322K.js";import"./chunk-MDFBUIRU.js";import"./chunk-6VIFXDUB.js";import"./chunk-A2EJQX32.js";export{HELP};
