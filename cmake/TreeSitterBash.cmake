# Provides the tree-sitter-bash grammar sources (parser.c + scanner.c) used to
# parse RUN bodies. The npm package is fetched at configure time at a pinned
# version and its integrity hash is checked before anything is unpacked.
# -DTREE_SITTER_BASH_DIR=<dir with src/parser.c> skips the download (offline or
# distribution builds).

set(LF_TSBASH_VERSION "0.23.3")
set(LF_TSBASH_INTEGRITY
    "sha512-36cg/GQ2YmIbeiBeqeuh4fBJ6i4kgVouDaqTxqih5ysPag+zHufyIaxMOFeM8CeplwAK/Luj1o5XHqgdAfoCZg==")

set(TREE_SITTER_BASH_DIR "" CACHE PATH
    "Directory holding tree-sitter-bash ${LF_TSBASH_VERSION} (with src/parser.c); empty = fetch with npm")

if(NOT TREE_SITTER_BASH_DIR)
  set(_dest "${CMAKE_BINARY_DIR}/_deps/tree-sitter-bash-${LF_TSBASH_VERSION}")
  set(_tgz "${CMAKE_BINARY_DIR}/_deps/tree-sitter-bash-${LF_TSBASH_VERSION}.tgz")
  if(NOT EXISTS "${_dest}/package/src/parser.c")
    find_program(LF_NPM npm)
    if(NOT LF_NPM)
      message(FATAL_ERROR
        "layerfix: 'npm' is missing. It fetches the tree-sitter-bash ${LF_TSBASH_VERSION} "
        "grammar. Install it (apt-get install npm) or pass "
        "-DTREE_SITTER_BASH_DIR=<unpacked tree-sitter-bash package>.")
    endif()
    file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/_deps")
    execute_process(
      COMMAND "${LF_NPM}" pack --silent "tree-sitter-bash@${LF_TSBASH_VERSION}"
      WORKING_DIRECTORY "${CMAKE_BINARY_DIR}/_deps"
      RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR
        "layerfix: 'npm pack tree-sitter-bash@${LF_TSBASH_VERSION}' failed:\n${_err}\n"
        "Pass -DTREE_SITTER_BASH_DIR=<dir> to use a local copy.")
    endif()
    # npm states integrity as "sha512-<base64 of the binary digest>".
    file(SHA512 "${_tgz}" _hex)
    string(REGEX REPLACE "^sha512-" "" _want_b64 "${LF_TSBASH_INTEGRITY}")
    execute_process(
      COMMAND sh -c "printf '%s' '${_want_b64}' | base64 -d | od -An -v -tx1 | tr -d ' \\n'"
      OUTPUT_VARIABLE _want_hex RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0 OR NOT _hex STREQUAL _want_hex)
      file(REMOVE "${_tgz}")
      message(FATAL_ERROR
        "layerfix: integrity check failed for tree-sitter-bash-${LF_TSBASH_VERSION}.tgz\n"
        "  expected ${LF_TSBASH_INTEGRITY}\n  got sha512 ${_hex}")
    endif()
    file(MAKE_DIRECTORY "${_dest}")
    file(ARCHIVE_EXTRACT INPUT "${_tgz}" DESTINATION "${_dest}"
         PATTERNS package/src package/LICENSE package/package.json)
  endif()
  set(TREE_SITTER_BASH_DIR "${_dest}/package" CACHE PATH "" FORCE)
endif()

if(NOT EXISTS "${TREE_SITTER_BASH_DIR}/src/parser.c")
  message(FATAL_ERROR
    "layerfix: ${TREE_SITTER_BASH_DIR}/src/parser.c not found "
    "(TREE_SITTER_BASH_DIR must point at the tree-sitter-bash package root).")
endif()

add_library(tree_sitter_bash STATIC
  "${TREE_SITTER_BASH_DIR}/src/parser.c"
  "${TREE_SITTER_BASH_DIR}/src/scanner.c")
target_include_directories(tree_sitter_bash PRIVATE "${TREE_SITTER_BASH_DIR}/src")
# Third-party generated code: build it without our warning flags.
target_compile_options(tree_sitter_bash PRIVATE -w)
set_target_properties(tree_sitter_bash PROPERTIES POSITION_INDEPENDENT_CODE ON)
