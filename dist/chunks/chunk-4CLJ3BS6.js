import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
var CONTROL=/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;function neutralizeLinks(text){return text.replace(/@(?=[A-Za-z0-9])/g,"@\u200B").replace(/([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g,"$1\u200B:").replace(/\b(www)\./gi,"$1\u200B.")}function escapeMarkdown(text,inCode=!1){let t=text.replace(CONTROL," ");return inCode?t.replace(/`/g,"'").replace(/\|/g,"\\|").replace(/\r?\n|\r/g," "):neutralizeLinks(t.replace(/([\\`*_[\]#~|])/g,"\\$1").replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;")).replace(/\r?\n|\r/g,"<br>")}function escapeMarkdownLines(text){return text.split(/\r\n|\r|\n/).map(l=>escapeMarkdown(l)).join(`
`)}function markdownCode(text){let t=text.replace(CONTROL," ").replace(/\r?\n|\r/g," ").replace(/\|/g,"\\|"),runs=t.match(/`+/g)??[],f="`".repeat(Math.max(0,...runs.map(r=>r.length))+1),pad=t.startsWith("`")||t.endsWith("`")?" ":"";return`${f}${pad}${t}${pad}${f}`}function escapeHtml(text){return neutralizeLinks(text.replace(CONTROL," ").replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/"/g,"&quot;")).replace(/\r?\n|\r/g," ")}function codeBlock(text,language=""){let t=text.replace(CONTROL," "),longest=Math.max(0,...[...t.matchAll(/`+/g)].map(m=>m[0].length)),fence="`".repeat(Math.max(3,longest+1)),lang=language.replace(/[^A-Za-z0-9_+-]/g,"");return`${fence}${lang}
${t.replace(/\n$/,"")}
${fence}`}export{escapeMarkdown,escapeMarkdownLines,markdownCode,escapeHtml,codeBlock};
