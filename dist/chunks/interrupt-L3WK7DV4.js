import{listenForInterrupt}from"./chunk-QBBBE2XM.js";import"./chunk-A2EJQX32.js";export{listenForInterrupt};
