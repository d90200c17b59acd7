import { type Hex, keccak256 } from 'viem';

/**
 * keccak256 of a model's parameters as IEEE-754 float64, little-endian, in order: the hash the ModelRegistry
 * records for a global model, so anyone holding the parameters can check them against the chain.
 */
export function hashModelParameters(parameters: Float64Array): Hex {
  const bytes = new Uint8Array(parameters.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < parameters.length; i++) view.setFloat64(i * 8, parameters[i] as number, true);
  return keccak256(bytes);
}
