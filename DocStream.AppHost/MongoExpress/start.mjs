// Starts Mongo Express 1.0.2 for the MongoDB emulator, installing it first when needed.
//
// node start.mjs                 install if needed, then run Mongo Express (configured by its ME_CONFIG_* variables)
// node start.mjs --install-only  install if needed and stop (what .ci/run and the browser tests call)
//
// The install lives in MONGO_EXPRESS_INSTALL_DIR (default: DocStream.AppHost/obj/mongo-express, git-ignored):
// `npm ci` from the package-lock.json beside this file, then Mongo Express's own asset build (its webpack.config.js),
// which upstream documents as a step after `npm install` because the published package ships without
// build-assets.json. A marker holding the lock file's hash makes later runs start at once, without npm.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const installDir = path.resolve(process.env.MONGO_EXPRESS_INSTALL_DIR || path.join(here, '..', 'obj', 'mongo-express'));
const packageDir = path.join(installDir, 'node_modules', 'mongo-express');
const marker = path.join(installDir, '.docstream-installed');
const lockDir = installDir + '.lock';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let holdingLock = false;

function fail(message) {
  console.error(`mongo-express: ${message}`);
  if (holdingLock) fs.rmSync(lockDir, { recursive: true, force: true });
  process.exit(1);
}

function wanted() {
  return createHash('sha256').update(fs.readFileSync(path.join(here, 'package-lock.json'))).digest('hex');
}

function installed() {
  return fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === wanted()
    && fs.existsSync(path.join(packageDir, 'build-assets.json'));
}

function run(command, args, cwd, env = process.env) {
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error || result.status !== 0) {
    fail(`'${command} ${args.join(' ')}' failed in ${cwd} (${result.error?.message ?? `exit code ${result.status}`}).`);
  }
}

// One installer at a time (the AppHost and a test run may start together); a lock left by a dead process is taken over.
function withInstallLock(action) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 10 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      holdingLock = true;
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (!ownerAlive()) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) fail(`another install holds ${lockDir}; remove it if no install is running.`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    action();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
    holdingLock = false;
  }
}

function ownerAlive() {
  try {
    process.kill(Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8')), 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM' || error.code === 'ENOENT'; // ENOENT: the owner has not written its pid yet
  }
}

function install() {
  const probe = spawnSync(npm, ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.error || probe.status !== 0) {
    fail('npm was not found on PATH. Install Node.js 18 or later with npm (Debian/Ubuntu: apt-get install nodejs npm), '
      + 'then restart this resource. Nothing else in DocStream needs it.');
  }
  console.log(`mongo-express: installing into ${installDir} (first run only; npm ${probe.stdout.trim()})`);
  fs.mkdirSync(installDir, { recursive: true });
  fs.rmSync(marker, { force: true });
  for (const file of ['package.json', 'package-lock.json']) {
    fs.copyFileSync(path.join(here, file), path.join(installDir, file));
  }
  run(npm, ['ci', '--no-audit', '--no-fund', '--prefer-offline'], installDir);
  const webpack = path.join(installDir, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  run(process.execPath, [webpack], packageDir, { ...process.env, NODE_ENV: 'production' });
  fs.writeFileSync(marker, wanted());
}

if (!installed()) {
  withInstallLock(() => {
    if (!installed()) install();
  });
}
if (process.argv.includes('--install-only')) {
  process.exit(0);
}

// Mongo Express reads ./package.json, ./build-assets.json and ./config.js from its working directory.
const child = spawn(process.execPath, ['app.js'], { cwd: packageDir, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
