// Prints {"<file>.tf": <HCL as JSON>, ...} for every .tf file of the directory given (not its subdirectories),
// parsed by @cdktf/hcl2json (hashicorp/hcl v2). A syntax error exits 1 with the parser's file:line message.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

async function main(dir) {
  const out = {};
  for (const name of fs.readdirSync(dir).filter(f => f.endsWith('.tf')).sort()) {
    out[name] = await parse(name, fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  process.stdout.write(JSON.stringify(out));
}

main(process.argv[2]).catch(e => {
  process.stderr.write(String(e && e.message ? e.message : e) + '\n');
  process.exit(1);
});
