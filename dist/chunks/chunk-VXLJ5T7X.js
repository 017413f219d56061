import{__commonJS}from"./chunk-A2EJQX32.js";var require_node_fs=__commonJS({"node-builtin:node:fs"(exports,module){module.exports=process.getBuiltinModule("node:fs")}});export{require_node_fs};
