/* lf_fstree: reading an exported tree from disk, the rules for paths that
 * differ from build to build, and the comparison of two trees. */
#include "testutil.h"

#include "fstree.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static lf_fsentry *file(lf_fstree *t, const char *path, const char *content)
{
    lf_fsentry *e = lf_fstree_add(t, path, 'f', 0644, NULL);
    if (e) {
        e->size = strlen(content);
        lf_sha256 s;
        lf_sha256_init(&s);
        lf_sha256_update(&s, content, strlen(content));
        lf_sha256_final(&s, e->hash);
        e->hashed = true;
    }
    return e;
}

static void dir(lf_fstree *t, const char *path)
{
    lf_fstree_add(t, path, 'd', 0755, NULL);
}

static char *diffs_text(const lf_fstree *a, const lf_fstree *b)
{
    lf_fsdiffs d = {0};
    lf_buf out = LF_BUF_INIT;
    lf_fstree_compare(a, b, &d);
    for (size_t i = 0; i < d.n; i++) {
        lf_fsdiff_format(&d.items[i], &out);
        lf_buf_addc(&out, '\n');
    }
    lf_fsdiffs_free(&d);
    return lf_buf_detach(&out, NULL);
}

static void test_path_order(void **state)
{
    (void)state;
    assert_true(lf_fstree_path_cmp("a", "a/b") < 0);
    assert_true(lf_fstree_path_cmp("a/b", "a-b") < 0); /* strcmp would say otherwise */
    assert_true(lf_fstree_path_cmp("a/z", "a0") < 0);
    assert_int_equal(lf_fstree_path_cmp("x/y", "x/y"), 0);
}

static void test_rules(void **state)
{
    (void)state;
    assert_int_equal(lf_fstree_rule("dev/null"), 1);
    assert_int_equal(lf_fstree_rule("dev"), 0); /* the mount point itself is compared */
    assert_int_equal(lf_fstree_rule("proc/1/status"), 1);
    assert_int_equal(lf_fstree_rule("etc/hosts"), 1);
    assert_int_equal(lf_fstree_rule("etc/hostname"), 1);
    assert_int_equal(lf_fstree_rule("etc/passwd"), 0);
    assert_int_equal(lf_fstree_rule("root/.npm/_logs/2024-01-01T00_00_00_000Z-debug-0.log"), 1);
    assert_int_equal(lf_fstree_rule("var/log/dpkg.log"), 2);
    assert_int_equal(lf_fstree_rule("var/lib/dpkg/status-old"), 2);
    assert_int_equal(lf_fstree_rule("var/lib/dpkg/status"), 0);
    assert_int_equal(lf_fstree_rule("var/cache/ldconfig/aux-cache"), 2);
    assert_int_equal(lf_fstree_rule("usr/var/log/x"), 0);
}

static void test_same_trees(void **state)
{
    (void)state;
    lf_fstree a = {0}, b = {0};
    dir(&a, "app");
    file(&a, "app/x", "1");
    file(&b, "app/x", "1");
    dir(&b, "app");
    lf_fstree_add(&a, "dev/null", 'c', 0666, NULL); /* left out by the rules */
    file(&b, "var/log/dpkg.log", "t2");
    file(&a, "var/log/dpkg.log", "time 1");
    lf_fstree_sort(&a);
    lf_fstree_sort(&b);
    char *text = diffs_text(&a, &b);
    assert_string_equal(text, "");
    free(text);
    lf_fstree_free(&a);
    lf_fstree_free(&b);
}

static void test_differences(void **state)
{
    (void)state;
    lf_fstree a = {0}, b = {0};
    /* removed directory with two entries below it, folded */
    dir(&a, "root/.npm");
    dir(&a, "root/.npm/_cacache");
    file(&a, "root/.npm/_cacache/index", "abc");
    /* a neighbour that sorts between the directory and its entries with strcmp */
    file(&a, "root/.npm-x", "1");
    file(&b, "root/.npm-x", "1");
    /* changed content, same size; changed size */
    file(&a, "env.txt", "A=1");
    file(&b, "env.txt", "A=2");
    file(&a, "grow", "1");
    file(&b, "grow", "12");
    /* mode and owner */
    lf_fsentry *e = file(&a, "bin/tool", "x");
    lf_fsentry *f = file(&b, "bin/tool", "x");
    f->mode = 0755;
    f->uid = 1000;
    f->gid = 1000;
    e->uid = 0;
    /* a symlink's target, a type change, an added file */
    lf_fstree_add(&a, "l", 'l', 0777, "/one");
    lf_fstree_add(&b, "l", 'l', 0777, "/two");
    file(&a, "t", "x");
    dir(&b, "t");
    file(&b, "new", "hello");
    lf_fstree_sort(&a);
    lf_fstree_sort(&b);
    char *text = diffs_text(&a, &b);
    assert_string_equal(text, "changed /bin/tool: mode 0644 -> 0755, owner 0:0 -> 1000:1000\n"
                              "changed /env.txt: content (same size, 3 bytes)\n"
                              "changed /grow: content (1 -> 2 bytes)\n"
                              "changed /l: target /one -> /two\n"
                              "added /new (file, 5 bytes)\n"
                              "removed /root/.npm (directory, 2 entries below)\n"
                              "changed /t: type file -> directory\n");
    free(text);
    lf_fstree_free(&a);
    lf_fstree_free(&b);
}

static void test_read_from_disk(void **state)
{
    (void)state;
    char *d = lf_test_tmpdir();
    char p[4096];
    snprintf(p, sizeof p, "%s/sub", d);
    assert_int_equal(mkdir(p, 0750), 0);
    snprintf(p, sizeof p, "%s/sub/f", d);
    assert_int_equal(lf_test_write_file(p, "abc", 3), 0);
    chmod(p, 0600);
    snprintf(p, sizeof p, "%s/link", d);
    assert_int_equal(symlink("sub/f", p), 0);
    snprintf(p, sizeof p, "%s/etc", d);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/etc/hosts", d);
    lf_test_write_file(p, "x", 1);
    lf_fstree t = {0};
    lf_buf err = LF_BUF_INIT;
    assert_int_equal(lf_fstree_read(&t, d, &err), 0);
    assert_int_equal(t.n, 4); /* etc, link, sub, sub/f: etc/hosts left out */
    assert_string_equal(t.items[0].path, "etc");
    assert_string_equal(t.items[1].path, "link");
    assert_int_equal(t.items[1].type, 'l');
    assert_string_equal(t.items[1].link, "sub/f");
    assert_string_equal(t.items[2].path, "sub");
    assert_int_equal(t.items[2].mode, 0750);
    assert_string_equal(t.items[3].path, "sub/f");
    assert_int_equal(t.items[3].type, 'f');
    assert_int_equal(t.items[3].mode, 0600);
    assert_int_equal(t.items[3].size, 3);
    assert_true(t.items[3].hashed);
    char hex[65];
    lf_sha256_to_hex(t.items[3].hash, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(t.items[3].uid, (unsigned long)getuid());
    lf_fstree_free(&t);
    assert_int_not_equal(lf_fstree_read(&t, "/nonexistent/layerfix", &err), 0);
    assert_non_null(strstr(lf_buf_cstr(&err), "/nonexistent/layerfix: error:"));
    lf_fstree_free(&t);
    lf_buf_free(&err);
    lf_test_rmtree(d);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_order),     cmocka_unit_test(test_rules),
        cmocka_unit_test(test_same_trees),     cmocka_unit_test(test_differences),
        cmocka_unit_test(test_read_from_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
