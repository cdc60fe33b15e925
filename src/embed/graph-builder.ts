// A tiny ONNX graph builder: nodes get deterministic names from a counter, constants become
// initializers, so building the same model twice yields the same bytes.
import {
  AttrType,
  DataType,
  type DataTypeId,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-proto.js';

export type AttrValue = number | number[] | { float: number };

function toAttribute(name: string, v: AttrValue): OnnxAttribute {
  if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v };
  if (typeof v === 'object') return { name, type: AttrType.FLOAT, f: v.float };
  return { name, type: AttrType.INT, i: v };
}

function bytesOf(a: Float32Array | BigInt64Array | Int8Array | Uint8Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private counter = 0;
  private readonly constCache = new Map<string, string>();

  input(name: string, elemType: DataTypeId, dims: (number | string)[]): string {
    this.inputs.push({ name, elemType, dims });
    return name;
  }

  output(name: string, elemType: DataTypeId, dims: (number | string)[]): void {
    this.outputs.push({ name, elemType, dims });
  }

  /** Adds a node; returns the names of its outputs (named after the node unless given). */
  op(
    opType: string,
    inputs: string[],
    attrs: Record<string, AttrValue> = {},
    outputs: number | string[] = 1,
    prefix = '',
  ): string[] {
    const name = `${prefix}${opType}_${this.counter++}`;
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${name}_out${i}`) : outputs;
    const attribute = Object.entries(attrs).map(([k, v]) => toAttribute(k, v));
    this.nodes.push({ name, op_type: opType, input: inputs, output: outs, ...(attribute.length ? { attribute } : {}) });
    return outs;
  }

  /** one output: the common case */
  op1(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, prefix = ''): string {
    return this.op(opType, inputs, attrs, 1, prefix)[0];
  }

  tensor(
    name: string,
    dims: number[],
    dataType: DataTypeId,
    data: Float32Array | BigInt64Array | Int8Array | Uint8Array,
  ): string {
    this.initializers.push({ name, dims, data_type: dataType, raw_data: bytesOf(data) });
    return name;
  }

  floatTensor(name: string, dims: number[], data: Float32Array): string {
    return this.tensor(name, dims, DataType.FLOAT, data);
  }

  /** small shared constants (shapes, scalars), deduplicated by value */
  constFloat(values: number[], dims: number[] = []): string {
    return this.constant(`const_f_${dims.join('x')}_${values.join('_')}`, () =>
      this.floatTensor('', dims, Float32Array.from(values)),
    );
  }

  constInt64(values: number[], dims: number[] = [values.length]): string {
    return this.constant(`const_i64_${dims.join('x')}_${values.join('_')}`, () =>
      this.tensor('', dims, DataType.INT64, BigInt64Array.from(values.map(BigInt))),
    );
  }

  private constant(key: string, make: () => string): string {
    const hit = this.constCache.get(key);
    if (hit) return hit;
    make();
    const t = this.initializers[this.initializers.length - 1];
    t.name = key.replace(/[^A-Za-z0-9_]/g, (c) => (c === '-' ? 'm' : 'p'));
    this.constCache.set(key, t.name);
    return t.name;
  }
}
