// Byte helpers shared by the hashes, the DER reader and the ZIP reader.
EKV.hex = function (u8) {
  var s = "";
  for (var i = 0; i < u8.length; i++) s += (u8[i] < 16 ? "0" : "") + u8[i].toString(16);
  return s;
};

EKV.fromHex = function (s) {
  if (typeof s !== "string" || s.length % 2 || /[^0-9a-fA-F]/.test(s)) return null;
  var out = new Uint8Array(s.length / 2);
  for (var i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
  return out;
};

EKV.concat = function (parts) {
  var n = 0, i;
  for (i = 0; i < parts.length; i++) n += parts[i].length;
  var out = new Uint8Array(n), o = 0;
  for (i = 0; i < parts.length; i++) { out.set(parts[i], o); o += parts[i].length; }
  return out;
};

EKV.equal = function (a, b) {
  if (a.length !== b.length) return false;
  for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

EKV.utf8 = function (s) { return new TextEncoder().encode(s); };

// Strict UTF-8: a manifest that is not valid UTF-8 is not the one that was written.
EKV.decodeUtf8 = function (u8) { return new TextDecoder("utf-8", { fatal: true }).decode(u8); };

// Base64 exactly as written: the last digit's unused bits must be zero and there is no
// whitespace, so another spelling of the same signature does not pass unnoticed (as in the
// Python verifier).
EKV.b64decode = function (s) {
  if (typeof s !== "string" || s.length % 4 || !/^[A-Za-z0-9+\/]*={0,2}$/.test(s)) return null;
  var bin;
  try { bin = atob(s); } catch (e) { return null; }
  var out = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return EKV.b64encode(out) === s ? out : null;
};

EKV.b64encode = function (u8) {
  var s = "";
  for (var i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s);
};

// A slice of a File or Blob as bytes (FileReader where Blob.arrayBuffer is missing).
EKV.readBlob = function (blob, start, end) {
  var part = blob.slice(start, end);
  if (part.arrayBuffer) return part.arrayBuffer().then(function (b) { return new Uint8Array(b); });
  return new Promise(function (resolve, reject) {
    var r = new FileReader();
    r.onload = function () { resolve(new Uint8Array(r.result)); };
    r.onerror = function () { reject(r.error); };
    r.readAsArrayBuffer(part);
  });
};
