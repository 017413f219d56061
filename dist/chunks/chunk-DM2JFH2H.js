import{__commonJS}from"./chunk-A2EJQX32.js";var require_node_os=__commonJS({"node-builtin:node:os"(exports,module){module.exports=process.getBuiltinModule("node:os")}});export{require_node_os};
