// The subset of onnx.proto needed to write an inference model, and the encoder for it.
// Field numbers follow https://github.com/onnx/onnx/blob/main/onnx/onnx.proto; protobufjs serialises
// fields in declaration order, so the same model object always gives the same bytes.
import protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  int32 type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string domain = 7;
}
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension { int64 dim_value = 1; string dim_param = 2; }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  Tensor tensor_type = 1;
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
`;

/** onnx.TensorProto.DataType values used here */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** onnx.AttributeProto.AttributeType values used here */
export const AttrType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  data_type: DataTypeId;
  raw_data: Uint8Array;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface OnnxNode {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute?: OnnxAttribute[];
  domain?: string;
}

/** a dimension is a fixed size or a symbolic name such as "batch_size" */
export interface OnnxValueInfo {
  name: string;
  elemType: DataTypeId;
  dims: (number | string)[];
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: { name: string; version: string };
  graph: {
    name: string;
    nodes: OnnxNode[];
    initializers: OnnxTensor[];
    inputs: OnnxValueInfo[];
    outputs: OnnxValueInfo[];
  };
}

let modelType: protobuf.Type | undefined;
function getModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

function valueInfo(v: OnnxValueInfo) {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.elemType,
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Serialises a model to the ONNX protobuf wire format. */
export function encodeModel(m: OnnxModel): Uint8Array {
  const T = getModelType();
  const msg = T.fromObject({
    ir_version: m.irVersion,
    producer_name: m.producer.name,
    producer_version: m.producer.version,
    opset_import: m.opsets,
    graph: {
      name: m.graph.name,
      node: m.graph.nodes,
      initializer: m.graph.initializers,
      input: m.graph.inputs.map(valueInfo),
      output: m.graph.outputs.map(valueInfo),
    },
  });
  return T.encode(msg).finish();
}

/** Parses bytes written by encodeModel (tests use it to inspect a built model). */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  const T = getModelType();
  return T.toObject(T.decode(bytes), { longs: Number, defaults: false }) as Record<string, unknown>;
}
