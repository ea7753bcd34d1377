// The compact model format written by scripts/generate-models.mjs: the contract between the
// generator, the validator and the protocol adapters. Hand-written, not generated output.

/** One shape. t: o structure, d document, s string, l list, m map, i integer/long, f float, b boolean, B blob, T timestamp. */
export interface Shape {
  t: 'o' | 'd' | 's' | 'l' | 'm' | 'i' | 'f' | 'b' | 'B' | 'T';
  /** structure: member name → shape name; list: member shape name */
  m?: Record<string, string> | string;
  /** structure: required members */
  r?: string[];
  /** map key / value shapes */
  k?: string;
  v?: string;
  /** exception: its HTTP status */
  x?: number;
  e?: string[];
  min?: number;
  max?: number;
  /** pattern as in the model (for messages), its JS source when it differs, and JS flags */
  p?: string;
  ps?: string;
  pf?: string;
  /** sensitive: the value is never echoed */
  z?: 1;
  /** exception: its Query/XML wire code, where it differs from the shape name */
  c?: string;
  /** structure: member → wire name (locationName); list: the member element's name */
  n?: Record<string, string> | string;
  /** structure (REST-JSON): member → where it travels (uri, querystring, header, headers) */
  loc?: Record<string, string>;
  /** structure (REST-JSON): the member that is the whole HTTP body, where the model names one */
  pl?: string;
  /** structure: flattened members; list or map: 1 when flattened */
  f?: string[] | 1;
  /** map: key and value element names (Query/XML) */
  kn?: string;
  vn?: string;
  /** timestamp: its wire format where the model names one */
  tf?: string;
}

export interface OperationModel {
  input?: string;
  output?: string;
  /** Query/XML: the element the output is wrapped in (<ActionResult>) */
  wrap?: string;
  errors: string[];
  noAuth?: true;
  http?: { method: string; uri: string; code?: number };
}

export interface ServiceModel {
  meta: { apiVersion: string; protocol: string; targetPrefix?: string; signingName: string; xmlNamespace?: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}
