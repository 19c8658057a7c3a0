// Plain-object forms of TensorFlow's graph protos (graph.proto, tensor.proto, meta_graph.proto),
// with TF's snake_case field names. Enums are their names ('DT_FLOAT'); int64 fields are
// numbers, or bigints beyond 2^53; bytes are Uint8Arrays. Fields at their default are absent.

export type Int64 = number | bigint;

export interface TensorShapeProto {
  dim?: { size?: Int64; name?: string }[];
  unknown_rank?: boolean;
}

export interface TensorProto {
  dtype?: string | number;
  tensor_shape?: TensorShapeProto;
  version_number?: number;
  tensor_content?: Uint8Array;
  half_val?: number[];
  float_val?: number[];
  double_val?: number[];
  int_val?: number[];
  string_val?: Uint8Array[];
  scomplex_val?: number[];
  int64_val?: Int64[];
  bool_val?: boolean[];
  dcomplex_val?: number[];
  uint32_val?: number[];
  uint64_val?: Int64[];
}

export interface AttrListValue {
  s?: Uint8Array[];
  i?: Int64[];
  f?: number[];
  b?: boolean[];
  type?: (string | number)[];
  shape?: TensorShapeProto[];
  tensor?: TensorProto[];
  func?: NameAttrList[];
}

export interface NameAttrList { name?: string; attr?: Record<string, AttrValueProto> }

/** AttrValue: exactly one of these is set. */
export interface AttrValueProto {
  list?: AttrListValue;
  s?: Uint8Array;
  i?: Int64;
  f?: number;
  b?: boolean;
  type?: string | number;
  shape?: TensorShapeProto;
  tensor?: TensorProto;
  func?: NameAttrList;
  placeholder?: string;
}

export interface NodeDef {
  name: string;
  op: string;
  input?: string[];
  device?: string;
  attr?: Record<string, AttrValueProto>;
  experimental_debug_info?: { original_node_names?: string[]; original_func_names?: string[] };
}

export interface VersionDef { producer?: number; min_consumer?: number; bad_consumers?: number[] }

export interface GraphDef {
  node?: NodeDef[];
  versions?: VersionDef;
  version?: number;
  library?: { function?: unknown[]; gradient?: unknown[] };
}

// ---- OpDef (for meta_info_def.stripped_op_list) --------------------------------------------

export interface ArgDefProto {
  name: string;
  type?: string | number;
  type_attr?: string;
  number_attr?: string;
  type_list_attr?: string;
  is_ref?: boolean;
}
export interface AttrDefProto { name: string; type: string; default_value?: AttrValueProto }
export interface OpDefProto {
  name: string;
  input_arg?: ArgDefProto[];
  output_arg?: ArgDefProto[];
  attr?: AttrDefProto[];
  is_stateful?: boolean;
}

// ---- MetaGraphDef ---------------------------------------------------------------------------

export interface SaverDef {
  filename_tensor_name?: string;
  save_tensor_name?: string;
  restore_op_name?: string;
  max_to_keep?: number;
  sharded?: boolean;
  keep_checkpoint_every_n_hours?: number;
  version?: string | number;
}

export interface VariableDef {
  variable_name?: string;
  initial_value_name?: string;
  initializer_name?: string;
  snapshot_name?: string;
  is_resource?: boolean;
  trainable?: boolean;
  synchronization?: number;
  aggregation?: number;
}

export interface CollectionDef {
  node_list?: { value?: string[] };
  bytes_list?: { value?: Uint8Array[] };
  int64_list?: { value?: Int64[] };
  float_list?: { value?: number[] };
  any_list?: { value?: Uint8Array[] };
}

export interface MetaInfoDef {
  meta_graph_version?: string;
  stripped_op_list?: { op?: OpDefProto[] };
  tags?: string[];
  tensorflow_version?: string;
  tensorflow_git_version?: string;
  stripped_default_attrs?: boolean;
}

export interface MetaGraphDef {
  meta_info_def?: MetaInfoDef;
  graph_def?: GraphDef;
  saver_def?: SaverDef;
  collection_def?: Record<string, CollectionDef>;
  signature_def?: Record<string, unknown>;
}
