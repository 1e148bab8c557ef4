// SHA-256 (FIPS 180-4) and SM3 (GM/T 0004-2012), incremental, for files too large to hand to
// crypto.subtle.digest (which takes the whole file in memory) and for SM3, which WebCrypto lacks.
// Both are Merkle-Damgard hashes over 64-byte blocks with the same padding: one buffer class.

function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }

function MdHash(iv, compress) {
  this.h = new Int32Array(iv);
  this.compress = compress;
  this.w = new Int32Array(68);
  this.buf = new Uint8Array(64);
  this.fill = 0;
  this.len = 0; // bytes so far (exact up to 2^53)
}

MdHash.prototype.update = function (data) {
  var i = 0, n = data.length;
  this.len += n;
  if (this.fill) {
    var take = Math.min(64 - this.fill, n);
    this.buf.set(data.subarray(0, take), this.fill);
    this.fill += take;
    i = take;
    if (this.fill < 64) return this;
    this.compress(this.h, this.w, this.buf, 0);
    this.fill = 0;
  }
  for (; i + 64 <= n; i += 64) this.compress(this.h, this.w, data, i);
  if (i < n) { this.buf.set(data.subarray(i), 0); this.fill = n - i; }
  return this;
};

MdHash.prototype.digest = function () {
  var bits = this.len * 8;
  var pad = new Uint8Array((this.fill < 56 ? 64 : 128) - this.fill);
  pad[0] = 0x80;
  var hi = Math.floor(bits / 4294967296), lo = bits % 4294967296, k = pad.length - 8;
  pad[k] = hi >>> 24; pad[k + 1] = hi >>> 16; pad[k + 2] = hi >>> 8; pad[k + 3] = hi;
  pad[k + 4] = lo >>> 24; pad[k + 5] = lo >>> 16; pad[k + 6] = lo >>> 8; pad[k + 7] = lo;
  var len = this.len;
  this.update(pad);
  this.len = len;
  var out = new Uint8Array(32);
  for (var j = 0; j < 8; j++) {
    out[4 * j] = this.h[j] >>> 24; out[4 * j + 1] = this.h[j] >>> 16;
    out[4 * j + 2] = this.h[j] >>> 8; out[4 * j + 3] = this.h[j];
  }
  return out;
};

var SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

function sha256Block(h, w, b, o) {
  var i, t1, t2;
  for (i = 0; i < 16; i++, o += 4) w[i] = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  for (i = 16; i < 64; i++) {
    var x = w[i - 15], y = w[i - 2];
    var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (i = 0; i < 64; i++) {
    t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) + SHA256_K[i] + w[i]) | 0;
    t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
    hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
  }
  h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

function sm3Block(h, w, b, o) {
  var j, ss1, ss2, tt1, tt2, t;
  for (j = 0; j < 16; j++, o += 4) w[j] = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
  for (j = 16; j < 68; j++) {
    t = w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15);
    w[j] = t ^ rotl(t, 15) ^ rotl(t, 23) ^ rotl(w[j - 13], 7) ^ w[j - 6];
  }
  var a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (j = 0; j < 64; j++) {
    var a12 = rotl(a, 12);
    ss1 = rotl((a12 + e + rotl(j < 16 ? 0x79cc4519 : 0x7a879d8a, j % 32)) | 0, 7);
    ss2 = ss1 ^ a12;
    if (j < 16) {
      tt1 = ((a ^ bb ^ c) + d + ss2 + (w[j] ^ w[j + 4])) | 0;
      tt2 = ((e ^ f ^ g) + hh + ss1 + w[j]) | 0;
    } else {
      tt1 = (((a & bb) | (a & c) | (bb & c)) + d + ss2 + (w[j] ^ w[j + 4])) | 0;
      tt2 = (((e & f) | (~e & g)) + hh + ss1 + w[j]) | 0;
    }
    d = c; c = rotl(bb, 9); bb = a; a = tt1;
    hh = g; g = rotl(f, 19); f = e; e = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17);
  }
  h[0] ^= a; h[1] ^= bb; h[2] ^= c; h[3] ^= d; h[4] ^= e; h[5] ^= f; h[6] ^= g; h[7] ^= hh;
}

EKV.Sha256 = function () {
  return new MdHash([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
                    sha256Block);
};
EKV.Sm3 = function () {
  return new MdHash([0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e],
                    sm3Block);
};
EKV.sha256 = function (u8) { return EKV.Sha256().update(u8).digest(); };
EKV.sm3 = function (u8) { return EKV.Sm3().update(u8).digest(); };
