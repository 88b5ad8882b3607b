/**
 * The IDX file format of (Fashion-)MNIST: a big-endian header (magic number, then one 32-bit size per
 * dimension) followed by the raw unsigned bytes. Images are `idx3` ([count, rows, cols], magic 2051),
 * labels `idx1` ([count], magic 2049).
 */
import { ValidationError } from "../runtime/errors";

/** A decoded IDX array of unsigned bytes. */
export interface IdxArray {
  /** Sizes of the dimensions, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The payload, row-major. */
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Decodes an uncompressed IDX buffer of unsigned bytes; `what` names the file in error messages.
 * @example
 * const { dims, data } = decodeIdx(zlib.gunzipSync(fs.readFileSync("train-labels-idx1-ubyte.gz")), "labels");
 */
export function decodeIdx(buf: Uint8Array, what: string): IdxArray {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    throw new ValidationError(`${what} is not an IDX file (bad magic number)`);
  }
  if (buf[2] !== UBYTE) throw new ValidationError(`${what}: IDX type 0x${buf[2].toString(16)} is not unsigned byte (0x08)`);
  const rank = buf[3];
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const header = 4 + 4 * rank;
  if (buf.length < header) throw new ValidationError(`${what}: truncated IDX header`);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length !== header + size) {
    throw new ValidationError(`${what}: IDX payload has ${buf.length - header} bytes, header says ${size}`);
  }
  return { dims, data: buf.subarray(header) };
}

/**
 * Encodes unsigned bytes as an uncompressed IDX buffer.
 * @example encodeIdx([2, 28, 28], pixels) // a 2-image idx3 file
 */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new ValidationError(`encodeIdx: data has ${data.length} bytes, dims [${dims.join(", ")}] need ${size}`);
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + size);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  out.set(data, header);
  return out;
}
