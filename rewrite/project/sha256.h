/*
 * SHA-256 (FIPS 180-4), for comparing the files of two built images by
 * content. Streaming: init, update any number of times, final.
 */
#ifndef LF_SHA256_H
#define LF_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct lf_sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
} lf_sha256;

void lf_sha256_init(lf_sha256 *s);
void lf_sha256_update(lf_sha256 *s, const void *data, size_t len);
void lf_sha256_final(lf_sha256 *s, unsigned char digest[32]);

/* The digest of data as 64 lower-case hex digits and a NUL. */
void lf_sha256_hex(const void *data, size_t len, char hex[65]);
/* Hex of a digest. */
void lf_sha256_to_hex(const unsigned char digest[32], char hex[65]);

#endif
