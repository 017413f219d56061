import { createRequire as __prCreateRequire } from 'node:module';
import { fileURLToPath as __prFileURLToPath } from 'node:url';
import { dirname as __prDirname } from 'node:path';
const require = __prCreateRequire(import.meta.url);
const __filename = __prFileURLToPath(import.meta.url);
const __dirname = __prDirname(__filename);
var UNSAFE=/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,NAMED={"\n":"\\n","\r":"\\r","\x1B":"\\x1b"};function visible(c){let named=NAMED[c];if(named)return named;let code=c.charCodeAt(0);return code<=255?`\\x${code.toString(16).padStart(2,"0")}`:`\\u${code.toString(16).padStart(4,"0")}`}function terminalText(text){return text.replace(UNSAFE,visible)}var ANSI={reset:"\x1B[0m",bold:"\x1B[1m",dim:"\x1B[2m",red:"\x1B[31m",green:"\x1B[32m",yellow:"\x1B[33m",cyan:"\x1B[36m"};export{terminalText,ANSI};
