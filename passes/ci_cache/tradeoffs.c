/*
 * The trade-offs of the cache backends ci-cache sets up or suggests, for
 * the PR body (see ci_cache.h). From the seed's "CI/CD cache strategies"
 * and the BuildKit cache backend documentation.
 */
#include "ci_cache.h"

const char lf_ci_cache_tradeoffs[] =
    "- **The GitHub Actions cache is per repository and limited in size** (10 GB; the least "
    "recently used entries are evicted, and other caches of the repository compete for the "
    "same space). Builds of other repositories, forks and other CI systems do not share it; "
    "a registry cache (`type=registry,ref=<image>:buildcache,mode=max`) is shared by any "
    "runner that can pull from the registry, at the cost of registry storage.\n"
    "- **`mode=max` caches the layers of every stage**, the intermediate ones of a "
    "multi-stage build included, so dependency stages are reused even when the final image "
    "changes; it exports more data per build than the default `mode=min`, which keeps only "
    "the final image's layers.\n"
    "- **Inline cache (`type=inline`) keeps less**: it only records the layers of the pushed "
    "image, never those of intermediate stages, so multi-stage builds hit it less often.\n"
    "- **Cache mounts are not exported by any backend**: `RUN --mount=type=cache` lives on the "
    "builder only, so on ephemeral runners each build starts with empty cache mounts; the "
    "exported layer cache is what makes the installs skip there.\n"
    "- **One scope per image**: the gha backend keeps one cache per `scope`; images of one "
    "workflow that share the default scope overwrite each other's cache, so each image gets "
    "its own.\n"
    "- **The first build after the change** still starts cold: it fills the cache that the "
    "following builds import.\n";
