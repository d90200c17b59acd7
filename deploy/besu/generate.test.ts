import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAddress, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { KeyFileError, readKeyFile } from '../../src/keys/keyFile.ts';
import { BesuKeyError } from './besuKeys.ts';
import { BesuNetworkOptionsError, generateBesuNetwork } from './generateBesuNetwork.ts';
import { decodeQbftExtraData } from './qbftExtraData.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'caduceus-besu-'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const mode = (path: string) => statSync(path).mode & 0o777;
// The tests need few accounts; key generation is the slow part.
const small = { accounts: 2 };

describe('generateBesuNetwork', () => {
  it('writes a genesis whose extraData decodes to the validators derived from the node keys, in ascending order', () => {
    const outDir = tempDir();
    const network = generateBesuNetwork({ outDir, validators: 4, ...small });
    const genesis = readJson(join(outDir, 'genesis.json'));

    // Derive every address independently of the generator: viem's account from the key file on disk.
    const fromKeys = [1, 2, 3, 4].map((i) =>
      privateKeyToAccount(readKeyFile(join(outDir, `node-${i}`, 'key'))),
    );
    const expected = fromKeys
      .map((account) => account.address)
      .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const decoded = decodeQbftExtraData(genesis.extraData);
    expect(decoded.validators).toEqual(expected);
    expect(decoded).toMatchObject({ vanity: `0x${'00'.repeat(32)}`, vote: undefined, round: 0, seals: [] });
    expect(network.extraData).toBe(genesis.extraData);

    // Each node's files agree with its key: address, public key and the enode id.
    fromKeys.forEach((account, i) => {
      const node = network.nodes[i];
      expect(node?.address).toBe(account.address);
      expect(readFileSync(join(outDir, `node-${i + 1}`, 'address'), 'utf8').trim()).toBe(account.address);
      const publicKey = account.publicKey.slice(4); // drop 0x04
      expect(readFileSync(join(outDir, `node-${i + 1}`, 'key.pub'), 'utf8').trim()).toBe(`0x${publicKey}`);
      expect(node?.enode).toBe(`enode://${publicKey}@172.28.0.${11 + i}:30303`);
    });
  });

  it('activates every milestone through Cancun at genesis with the chain id, free gas and QBFT settings', () => {
    const outDir = tempDir();
    const network = generateBesuNetwork({ outDir, chainId: 424_242, blockPeriodSeconds: 3, ...small });
    const genesis = readJson(join(outDir, 'genesis.json'));
    expect(genesis.config).toMatchObject({
      chainId: 424_242,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
      qbft: { blockperiodseconds: 3, epochlength: 30_000, requesttimeoutseconds: 4 },
    });
    for (const block of [
      'homesteadBlock',
      'byzantiumBlock',
      'constantinopleBlock',
      'petersburgBlock',
      'istanbulBlock',
    ]) {
      expect(genesis.config[block]).toBe(0);
    }
    expect(genesis).toMatchObject({
      mixHash: '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365',
      difficulty: '0x1',
      baseFeePerGas: '0x0',
      gasLimit: `0x${(200_000_000).toString(16)}`,
      timestamp: '0x0',
    });
    // The funded accounts are exactly the keys handed to the tests, and account 0 is the deployer.
    const testEnv = readFileSync(join(outDir, 'test.env'), 'utf8');
    const keys = /CADUCEUS_TEST_PRIVATE_KEYS=(.*)/.exec(testEnv)?.[1]?.split(',') ?? [];
    const funded = keys.map((key) =>
      privateKeyToAccount(key as Hex)
        .address.slice(2)
        .toLowerCase(),
    );
    expect(Object.keys(genesis.alloc).sort()).toEqual([...funded].sort());
    expect(funded).toHaveLength(2);
    expect(testEnv).toContain('CADUCEUS_TEST_RPC_URL=http://127.0.0.1:8545');
    const caduceusEnv = readFileSync(join(outDir, 'caduceus.env'), 'utf8');
    expect(caduceusEnv).toContain(`CADUCEUS_PRIVATE_KEY_FILE=${join(outDir, 'accounts', 'account-0.key')}`);
    expect(readKeyFile(join(outDir, 'accounts', 'account-0.key'))).toBe(keys[0]);
    expect(readJson(join(outDir, 'network.json'))).toMatchObject({
      chainId: 424_242,
      deployer: network.accounts[0]?.address,
    });
  });

  it('writes private keys and the test keys with mode 0600 in 0700 directories', () => {
    const outDir = tempDir();
    generateBesuNetwork({ outDir, validators: 4, ...small });
    for (const i of [1, 2, 3, 4]) {
      expect(mode(join(outDir, `node-${i}`, 'key'))).toBe(0o600);
      expect(mode(join(outDir, `node-${i}`))).toBe(0o700);
    }
    expect(mode(join(outDir, 'accounts', 'account-0.key'))).toBe(0o600);
    expect(mode(join(outDir, 'accounts', 'account-1.key'))).toBe(0o600);
    expect(mode(join(outDir, 'test.env'))).toBe(0o600);
  });

  it('keeps existing keys and reproduces identical files on a re-run; --force replaces the keys', () => {
    const outDir = tempDir();
    const first = generateBesuNetwork({ outDir, ...small });
    const keyPath = join(outDir, 'node-1', 'key');
    const key = readFileSync(keyPath, 'utf8');
    const genesis = readFileSync(join(outDir, 'genesis.json'), 'utf8');
    const compose = readFileSync(join(outDir, 'docker-compose.yml'), 'utf8');

    const again = generateBesuNetwork({ outDir, ...small });
    expect(again.nodes.every((node) => !node.created)).toBe(true);
    expect(again.accounts.every((account) => !account.created)).toBe(true);
    expect(readFileSync(keyPath, 'utf8')).toBe(key);
    expect(readFileSync(join(outDir, 'genesis.json'), 'utf8')).toBe(genesis);
    expect(readFileSync(join(outDir, 'docker-compose.yml'), 'utf8')).toBe(compose);
    expect(again.nodes.map((node) => node.address)).toEqual(first.nodes.map((node) => node.address));

    const forced = generateBesuNetwork({ outDir, ...small, force: true });
    expect(forced.nodes.every((node) => node.created)).toBe(true);
    expect(readFileSync(keyPath, 'utf8')).not.toBe(key);
    expect(mode(keyPath)).toBe(0o600);
    expect(readFileSync(join(outDir, 'genesis.json'), 'utf8')).not.toBe(genesis);
  });

  it('refuses to use an existing key file that other users can read', () => {
    const outDir = tempDir();
    generateBesuNetwork({ outDir, ...small });
    chmodSync(join(outDir, 'node-2', 'key'), 0o644);
    expect(() => generateBesuNetwork({ outDir, ...small })).toThrow(KeyFileError);
  });

  it('takes an organisation’s validator from its key.pub alone, never creating or replacing its private key', () => {
    const orgHost = tempDir();
    const own = generateBesuNetwork({ outDir: orgHost, validators: 1, accounts: 1 }).nodes[0];
    const outDir = tempDir();
    mkdirSync(join(outDir, 'node-2'));
    // What `besu public-key export` writes: 0x and 64 bytes of hex.
    writeFileSync(join(outDir, 'node-2', 'key.pub'), readFileSync(join(orgHost, 'node-1', 'key.pub')));
    for (const force of [false, true]) {
      const network = generateBesuNetwork({ outDir, ...small, force });
      expect(network.nodes[1]).toMatchObject({ external: true, created: false, address: own?.address });
      expect(existsSync(join(outDir, 'node-2', 'key'))).toBe(false);
      expect(network.nodes[1]?.enode).toBe(`enode://${own?.publicKey.slice(2)}@172.28.0.12:30303`);
      expect(decodeQbftExtraData(network.extraData).validators).toContain(own?.address);
    }
    writeFileSync(join(outDir, 'node-2', 'key.pub'), `0x04${'ab'.repeat(64)}`);
    expect(() => generateBesuNetwork({ outDir, ...small })).toThrow(BesuKeyError);
    writeFileSync(join(outDir, 'node-2', 'key.pub'), `0x${'ab'.repeat(64)}`); // right length, not on the curve
    expect(() => generateBesuNetwork({ outDir, ...small })).toThrow(/not a secp256k1 public key/);
  });

  it('peers the validators through static nodes, an allowlist and per-node config for viem', () => {
    const outDir = tempDir();
    const network = generateBesuNetwork({ outDir, ...small });
    const enodes = network.nodes.map((node) => node.enode);
    expect(readJson(join(outDir, 'static-nodes.json'))).toEqual(enodes);
    const permissions = readFileSync(join(outDir, 'node-3', 'permissions_config.toml'), 'utf8');
    expect(permissions).toContain(`nodes-allowlist=${JSON.stringify(enodes).replaceAll('","', '", "')}`);

    const config = readFileSync(join(outDir, 'node-3', 'config.toml'), 'utf8');
    for (const line of [
      'genesis-file="../genesis.json"',
      'node-private-key-file="key"',
      'static-nodes-file="../static-nodes.json"',
      'discovery-enabled=false',
      'p2p-host="172.28.0.13"',
      'nat-method="NONE"',
      'permissions-nodes-config-file-enabled=true',
      'rpc-http-api=["ETH","NET","WEB3","QBFT"]',
      'host-allowlist=["localhost", "127.0.0.1", "besu-node-3", "172.28.0.13"]',
      'min-gas-price=0',
    ]) {
      expect(config).toContain(`${line}\n`);
    }
    expect(config).not.toMatch(/^profile=/m); // Besu ignores a profile in the config file
  });

  it('runs the default layout under Docker Compose with fixed addresses and loopback-only RPC ports', () => {
    const outDir = tempDir();
    const network = generateBesuNetwork({ outDir, besuImage: 'hyperledger/besu:26.9.0', ...small });
    const compose = readFileSync(join(outDir, 'docker-compose.yml'), 'utf8');
    expect(network.composeFile).toBe(join(outDir, 'docker-compose.yml'));
    expect(compose.match(/image: hyperledger\/besu:26\.9\.0/g)).toHaveLength(4);
    expect(compose).toContain('- subnet: 172.28.0.0/24');
    network.nodes.forEach((node, i) => {
      expect(compose).toContain(`  ${node.service}:\n`);
      expect(compose).toContain(`ipv4_address: ${node.host}\n`);
      expect(compose).toContain(`- ./${node.name}:/caduceus/node\n`);
      expect(compose).toContain(`"127.0.0.1:${8545 + 10 * i}:8545"`);
      expect(node.rpcUrl).toBe(`http://127.0.0.1:${8545 + 10 * i}`);
    });
  });

  it('gives nodes sharing one address distinct ports and writes no Compose file for them', () => {
    const outDir = tempDir();
    generateBesuNetwork({ outDir, ...small });
    expect(existsSync(join(outDir, 'docker-compose.yml'))).toBe(true);
    const network = generateBesuNetwork({
      outDir,
      hosts: ['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1'],
      ...small,
    });
    expect(network.nodes.map((node) => [node.p2pPort, node.rpcPort, node.wsPort])).toEqual([
      [30303, 8545, 8546],
      [30304, 8555, 8556],
      [30305, 8565, 8566],
      [30306, 8575, 8576],
    ]);
    expect(network.nodes[1]?.enode).toMatch(/@127\.0\.0\.1:30304$/);
    expect(network.composeFile).toBeUndefined();
    expect(existsSync(join(outDir, 'docker-compose.yml'))).toBe(false); // the stale one would mislead
  });

  it('rejects inconsistent options before writing anything', () => {
    const outDir = join(tempDir(), 'never-created');
    const bad = [
      { validators: 0 },
      { validators: 3, hosts: ['10.0.0.1', '10.0.0.2'] },
      { validators: 1, hosts: ['node1.example.org'] },
      { chainId: -1 },
      { gasLimit: 10n },
      { besuImage: 'besu; rm -rf /' },
    ];
    for (const options of bad) {
      expect(() => generateBesuNetwork({ outDir, ...options })).toThrow(BesuNetworkOptionsError);
    }
    expect(existsSync(outDir)).toBe(false);
  });

  it('writes one validator per requested organisation', () => {
    const outDir = tempDir();
    const network = generateBesuNetwork({ outDir, validators: 7, accounts: 1 });
    const { validators } = decodeQbftExtraData(readJson(join(outDir, 'genesis.json')).extraData);
    expect(validators).toHaveLength(7);
    expect(new Set(validators)).toEqual(new Set(network.nodes.map((node) => getAddress(node.address))));
  });
});
