/* lf_sha256: the FIPS 180-4 example vectors, padding edge lengths, and
 * streaming in uneven pieces. */
#include "testutil.h"

#include "sha256.h"

#include <stdlib.h>
#include <string.h>

static void test_known_vectors(void **state)
{
    (void)state;
    char hex[65];
    lf_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    lf_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    lf_sha256_hex(two_blocks, strlen(two_blocks), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_million_a_streamed(void **state)
{
    (void)state;
    lf_sha256 s;
    unsigned char d[32];
    char hex[65], chunk[997];
    memset(chunk, 'a', sizeof chunk);
    lf_sha256_init(&s);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        lf_sha256_update(&s, chunk, n);
        left -= n;
    }
    lf_sha256_final(&s, d);
    lf_sha256_to_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Lengths around the 55/56/64-byte padding boundaries: one call and
 * byte-by-byte updates agree. */
static void test_pieces_agree(void **state)
{
    (void)state;
    unsigned char data[200];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    size_t lens[] = {1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200};
    for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
        char one[65], two[65];
        lf_sha256_hex(data, lens[k], one);
        lf_sha256 s;
        unsigned char d[32];
        lf_sha256_init(&s);
        for (size_t i = 0; i < lens[k]; i++)
            lf_sha256_update(&s, data + i, 1);
        lf_sha256_final(&s, d);
        lf_sha256_to_hex(d, two);
        assert_string_equal(one, two);
    }
    char a[65], b[65];
    lf_sha256_hex(data, 56, a);
    lf_sha256_hex(data, 57, b);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_vectors),
        cmocka_unit_test(test_million_a_streamed),
        cmocka_unit_test(test_pieces_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
