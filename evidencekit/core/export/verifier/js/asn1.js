// Just enough DER to find a certificate's public key and name, and to turn the DER ECDSA
// signature that Python's `cryptography` writes into the raw r||s that WebCrypto verifies.

// One TLV at pos: {tag, start, vstart, end}; null when malformed. Definite lengths only.
EKV.derAt = function (u8, pos, limit) {
  limit = limit === undefined ? u8.length : limit;
  if (pos + 2 > limit) return null;
  var tag = u8[pos], len = u8[pos + 1], v = pos + 2;
  if ((tag & 0x1f) === 0x1f) return null; // multi-byte tags do not occur in what we read
  if (len & 0x80) {
    var n = len & 0x7f;
    if (n === 0 || n > 4 || v + n > limit) return null;
    len = 0;
    for (var i = 0; i < n; i++) len = len * 256 + u8[v + i];
    if (len < 128 || u8[v] === 0) return null; // not the shortest form: not DER
    v += n;
  }
  if (v + len > limit) return null;
  return { tag: tag, start: pos, vstart: v, end: v + len };
};

// The TLVs directly inside a constructed TLV; null when they do not fill it exactly.
EKV.derChildren = function (u8, node) {
  var out = [], p = node.vstart;
  while (p < node.end) {
    var c = EKV.derAt(u8, p, node.end);
    if (!c) return null;
    out.push(c);
    p = c.end;
  }
  return out;
};

EKV.oid = function (u8, node) {
  if (node.tag !== 0x06 || node.end === node.vstart) return null;
  var parts = [], v = 0;
  for (var i = node.vstart; i < node.end; i++) {
    v = v * 128 + (u8[i] & 0x7f);
    if (!(u8[i] & 0x80)) { parts.push(v); v = 0; }
  }
  var first = parts.shift();
  var a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - 40 * a].concat(parts).join(".");
};

// The first certificate in a PEM text, as DER bytes; null when there is none.
EKV.pemToDer = function (text) {
  var m = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+\/=\s]+)-----END CERTIFICATE-----/.exec(text);
  if (!m) return null;
  var b64 = m[1].replace(/\s+/g, "");
  try {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch (e) { return null; }
};

var CURVES = { "1.2.840.10045.3.1.7": ["P-256", 32], "1.3.132.0.34": ["P-384", 48], "1.3.132.0.35": ["P-521", 66] };

// {spki, kind: "ec"|"rsa"|"other", curve, size, cn}; null when not a certificate.
EKV.parseCert = function (der) {
  var cert = EKV.derAt(der, 0);
  if (!cert || cert.tag !== 0x30 || cert.end !== der.length) return null;
  var top = EKV.derChildren(der, cert);
  if (!top || top.length !== 3 || top[0].tag !== 0x30) return null;
  var tbs = EKV.derChildren(der, top[0]);
  if (!tbs) return null;
  var i = tbs.length && tbs[0].tag === 0xa0 ? 1 : 0; // [0] version is optional
  // serial, signature algorithm, issuer, validity, subject, subjectPublicKeyInfo
  if (tbs.length < i + 6) return null;
  var subject = tbs[i + 4], spkiNode = tbs[i + 5];
  if (spkiNode.tag !== 0x30) return null;
  var spki = EKV.derChildren(der, spkiNode);
  if (!spki || spki.length !== 2 || spki[0].tag !== 0x30) return null;
  var alg = EKV.derChildren(der, spki[0]);
  if (!alg || !alg.length) return null;
  var out = { spki: der.slice(spkiNode.start, spkiNode.end), kind: "other", curve: null, size: 0,
              cn: EKV.commonName(der, subject) };
  var algOid = EKV.oid(der, alg[0]);
  if (algOid === "1.2.840.10045.2.1" && alg.length === 2) {
    var c = CURVES[EKV.oid(der, alg[1])];
    if (c) { out.kind = "ec"; out.curve = c[0]; out.size = c[1]; }
  } else if (algOid === "1.2.840.113549.1.1.1") {
    out.kind = "rsa";
  }
  return out;
};

// The subject's common name (2.5.4.3), or "" when it has none.
EKV.commonName = function (der, name) {
  var rdns = name && name.tag === 0x30 ? EKV.derChildren(der, name) : null;
  if (!rdns) return "";
  for (var i = 0; i < rdns.length; i++) {
    var atvs = EKV.derChildren(der, rdns[i]) || [];
    for (var j = 0; j < atvs.length; j++) {
      var kv = EKV.derChildren(der, atvs[j]);
      if (kv && kv.length === 2 && EKV.oid(der, kv[0]) === "2.5.4.3") {
        var v = der.subarray(kv[1].vstart, kv[1].end);
        try {
          if (kv[1].tag === 0x1e) { // BMPString: UTF-16BE
            var s = "";
            for (var k = 0; k + 1 < v.length; k += 2) s += String.fromCharCode((v[k] << 8) | v[k + 1]);
            return s;
          }
          return EKV.decodeUtf8(v);
        } catch (e) { return ""; }
      }
    }
  }
  return "";
};

// DER SEQUENCE { INTEGER r, INTEGER s } -> r||s, each left-padded to n bytes; null when the
// bytes are not exactly such a structure or a value does not fit.
EKV.ecdsaDerToRaw = function (der, n) {
  var seq = EKV.derAt(der, 0);
  if (!seq || seq.tag !== 0x30 || seq.end !== der.length) return null;
  var ints = EKV.derChildren(der, seq);
  if (!ints || ints.length !== 2) return null;
  var out = new Uint8Array(2 * n);
  for (var k = 0; k < 2; k++) {
    var it = ints[k];
    if (it.tag !== 0x02 || it.end === it.vstart) return null;
    var v = der.subarray(it.vstart, it.end);
    if (v[0] & 0x80) return null; // negative
    if (v.length > 1 && v[0] === 0 && !(v[1] & 0x80)) return null; // not minimal
    if (v[0] === 0) v = v.subarray(1);
    if (v.length > n) return null;
    out.set(v, k * n + n - v.length);
  }
  return out;
};

// Does `sig` (DER as Python writes it, or raw r||s) sign `data` under the certificate's key?
// Resolves to true or false; rejects only when WebCrypto itself is missing or refuses the key.
EKV.verifySignature = function (cert, sig, data) {
  var subtle = crypto.subtle;
  if (cert.kind === "ec") {
    var raw = EKV.ecdsaDerToRaw(sig, cert.size);
    if (!raw && sig.length === 2 * cert.size) raw = sig;
    if (!raw) return Promise.resolve(false);
    return subtle.importKey("spki", cert.spki, { name: "ECDSA", namedCurve: cert.curve }, false, ["verify"])
      .then(function (key) { return subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, data); });
  }
  if (cert.kind === "rsa") {
    return subtle.importKey("spki", cert.spki, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"])
      .then(function (key) { return subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, sig, data); });
  }
  return Promise.reject(new Error("unsupported key"));
};
