import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.rpcUrl).toBeUndefined();
    expect(config.chainPort).toBe(8545);
    expect(config.dataDir.endsWith('.caduceus')).toBe(true);
    expect(config.privateKeyFile).toBe(`${config.dataDir}/node.key`);
  });

  it('reads an external RPC URL and names a bad variable without echoing its value', () => {
    expect(loadConfig({ CADUCEUS_RPC_URL: 'http://10.0.0.1:8545' }).rpcUrl).toBe('http://10.0.0.1:8545');
    try {
      loadConfig({ CADUCEUS_CHAIN_PORT: 'secret-value' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('CADUCEUS_CHAIN_PORT');
      expect((error as ConfigError).message).not.toContain('secret-value');
    }
  });
});
