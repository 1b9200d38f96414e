/**
 * tree-sitter grammar for Dockerfiles, lossless: every byte of the input is
 * inside a token, so the tree can be turned back into the exact file.
 *
 * Almost every token comes from the external scanner (src/scanner.c): what a
 * byte means in a Dockerfile depends on things a context-free lexer cannot
 * see (the escape directive, whether a line continues, whether an exec-form
 * JSON array is valid, which heredocs are pending). This file only says how
 * the tokens nest. BuildKit's reading rules are summarised in
 * docs/dockerfile-syntax.md of the shared docs; the scanner cites them.
 */

// Instructions that can stand on their own line or after ONBUILD. Each has a
// body rule `_<name>_body` (keyword up to, not including, the line end).
const INSTRUCTIONS = [
  'from', 'run', 'cmd', 'entrypoint', 'shell', 'copy', 'add', 'volume',
  'expose', 'env', 'label', 'arg', 'user', 'workdir', 'stopsignal',
  'maintainer', 'healthcheck', 'onbuild', 'unknown',
];

// Instructions whose heredoc bodies follow the instruction line.
const HEREDOC_CAPABLE = new Set(['run', 'copy', 'add', 'onbuild']);

/** `first (sep first)*`, the usual list. */
function sepBy1(sep, rule) {
  return seq(rule, repeat(seq(sep, rule)));
}

module.exports = grammar({
  name: 'dockerfile',

  // Comment lines and blank lines between instructions, and inside an
  // instruction after a line continuation (where BuildKit drops them), are
  // extras; the scanner only produces them where a line may start.
  extras: $ => [$.comment, $.blank_line, $.line_continuation],

  externals: $ => [
    $._error_sentinel,
    $.byte_order_mark,
    $._directive_start,
    $.directive_name,
    $._directive_equals,
    $.directive_value,
    $.comment,
    $.blank_line,
    $.line_continuation,
    $._space,
    $._line_end,
    $._kw_from,
    $._kw_run,
    $._kw_cmd,
    $._kw_entrypoint,
    $._kw_shell,
    $._kw_copy,
    $._kw_add,
    $._kw_volume,
    $._kw_expose,
    $._kw_env,
    $._kw_label,
    $._kw_arg,
    $._kw_user,
    $._kw_workdir,
    $._kw_stopsignal,
    $._kw_maintainer,
    $._kw_healthcheck,
    $._kw_onbuild,
    $._kw_unknown,
    $._kw_none,
    '--',
    $.flag_name,
    $._mount_flag_name,
    $.end_of_flags,
    '=',
    $.flag_value,
    $.option_key,
    $.option_value,
    ',',
    '[',
    ']',
    $.json_string,
    $.shell_fragment,
    $.heredoc_start,
    $.heredoc_content,
    $.heredoc_end,
    $._word,
    $._as,
    $._stage_name,
    $._image,
    $._key,
    $._legacy_key,
    $._value_word,
    $._rest_text,
  ],

  rules: {
    source_file: $ => seq(
      // Never produced for a BOM at byte 0: tree-sitter's lexer skips one
      // there before any scanner runs (lexer.c, ts_lexer_start), so the root
      // node then starts at byte 3 and the BOM is in no node.
      optional($.byte_order_mark),
      repeat($.parser_directive),
      repeat($._instruction),
    ),

    parser_directive: $ => seq(
      $._directive_start,
      field('name', $.directive_name),
      $._directive_equals,
      field('value', $.directive_value),
      $._line_end,
    ),

    _instruction: $ => choice(
      ...INSTRUCTIONS.map(name => $[name + '_instruction']),
    ),

    // A whole instruction line: optional indentation, the body, the line end
    // (which takes trailing blanks), then the bodies of the heredocs its line
    // opened.
    ...Object.fromEntries(INSTRUCTIONS.map(name => [
      name + '_instruction',
      $ => seq(
        optional($._space),
        $['_' + name + '_body'],
        $._line_end,
        ...(HEREDOC_CAPABLE.has(name) ? [repeat($.heredoc_body)] : []),
      ),
    ])),

    _sep: $ => prec.right(repeat1($._space)),

    _flags: $ => repeat1(seq($._sep, choice($.flag, $.mount_flag, $.end_of_flags))),

    flag: $ => seq(
      '--',
      field('name', $.flag_name),
      optional(seq('=', optional(field('value', $.flag_value)))),
    ),

    mount_flag: $ => seq(
      '--',
      field('name', alias($._mount_flag_name, $.flag_name)),
      '=',
      optional(sepBy1(',', $.mount_option)),
    ),

    mount_option: $ => seq(
      field('key', $.option_key),
      optional(seq('=', optional(field('value', $.option_value)))),
    ),

    // --- FROM -----------------------------------------------------------
    _from_body: $ => seq(
      alias($._kw_from, $.keyword),
      optional($._flags),
      optional(seq(
        $._sep,
        field('image', alias($._image, $.image)),
        optional(seq(
          $._sep,
          alias($._as, $.as),
          optional(seq($._sep, field('name', alias($._stage_name, $.stage_name)))),
        )),
        repeat(seq($._sep, alias($._word, $.argument))),
      )),
    ),

    // --- RUN / CMD / ENTRYPOINT / SHELL: exec form or shell form ----------
    _run_body: $ => seq(alias($._kw_run, $.keyword), optional($._flags), optional($._command)),
    _cmd_body: $ => seq(alias($._kw_cmd, $.keyword), optional($._flags), optional($._command)),
    _entrypoint_body: $ => seq(
      alias($._kw_entrypoint, $.keyword), optional($._flags), optional($._command)),
    _shell_body: $ => seq(alias($._kw_shell, $.keyword), optional($._flags), optional($._command)),

    _command: $ => seq($._sep, choice($.json_array, $.shell_command)),

    shell_command: $ => prec.right(repeat1(choice($.shell_fragment, $.heredoc_start))),

    // Whitespace inside the brackets is skipped by the scanner (it stays
    // inside this node's range, so nothing is lost).
    json_array: $ => seq('[', optional(sepBy1(',', $.json_string)), ']'),

    // --- COPY / ADD / VOLUME / EXPOSE --------------------------------------
    _copy_body: $ => seq(alias($._kw_copy, $.keyword), optional($._flags), optional($._paths)),
    _add_body: $ => seq(alias($._kw_add, $.keyword), optional($._flags), optional($._paths)),
    _volume_body: $ => seq(alias($._kw_volume, $.keyword), optional($._flags), optional($._paths)),

    _paths: $ => seq(
      $._sep,
      choice(
        $.json_array,
        sepBy1($._sep, choice(alias($._word, $.path), $.heredoc_start)),
      ),
    ),

    _expose_body: $ => seq(
      alias($._kw_expose, $.keyword),
      optional($._flags),
      optional(seq($._sep, sepBy1($._sep, alias($._word, $.port)))),
    ),

    // --- ENV / LABEL / ARG ------------------------------------------------
    // ENV and LABEL have two forms (docs §7); the scanner picks one per
    // instruction from the first word: `name=value ...` pairs, or the legacy
    // `name value...` whose value is the whole rest of the line.
    _env_body: $ => seq(
      alias($._kw_env, $.keyword),
      optional($._flags),
      optional(seq($._sep, choice(
        sepBy1($._sep, $.env_pair),
        alias($._env_legacy_pair, $.env_pair),
      ))),
    ),

    env_pair: $ => seq(
      field('name', alias($._key, $.variable_name)),
      optional(seq('=', optional(field('value', $.value)))),
    ),

    _env_legacy_pair: $ => seq(
      field('name', alias($._legacy_key, $.variable_name)),
      optional(seq($._sep, field('value', $.value))),
    ),

    _label_body: $ => seq(
      alias($._kw_label, $.keyword),
      optional($._flags),
      optional(seq($._sep, choice(
        sepBy1($._sep, $.label_pair),
        alias($._label_legacy_pair, $.label_pair),
      ))),
    ),

    label_pair: $ => seq(
      field('key', alias($._key, $.label_key)),
      optional(seq('=', optional(field('value', $.value)))),
    ),

    _label_legacy_pair: $ => seq(
      field('key', alias($._legacy_key, $.label_key)),
      optional(seq($._sep, field('value', $.value))),
    ),

    value: $ => prec.right(repeat1(choice($._value_word, $._rest_text))),

    _arg_body: $ => seq(
      alias($._kw_arg, $.keyword),
      optional($._flags),
      optional(seq($._sep, sepBy1($._sep, $.arg_declaration))),
    ),

    arg_declaration: $ => seq(
      field('name', alias($._key, $.variable_name)),
      optional(seq('=', optional(field('default', $.value)))),
    ),

    // --- single-argument instructions -------------------------------------
    _user_body: $ => seq(alias($._kw_user, $.keyword), optional($._flags), optional($._text_arg)),
    _workdir_body: $ => seq(
      alias($._kw_workdir, $.keyword), optional($._flags), optional($._text_arg)),
    _stopsignal_body: $ => seq(
      alias($._kw_stopsignal, $.keyword), optional($._flags), optional($._text_arg)),
    _maintainer_body: $ => seq(
      alias($._kw_maintainer, $.keyword), optional($._flags), optional($._text_arg)),
    _unknown_body: $ => seq(
      alias($._kw_unknown, $.keyword), optional($._flags), optional($._text_arg)),

    _text_arg: $ => seq($._sep, $.argument),

    argument: $ => prec.right(repeat1($._rest_text)),

    // --- HEALTHCHECK --------------------------------------------------------
    _healthcheck_body: $ => seq(
      alias($._kw_healthcheck, $.keyword),
      optional($._flags),
      optional(seq($._sep, choice(
        alias($._healthcheck_cmd, $.cmd_instruction),
        alias($._kw_none, $.keyword),
        seq(alias($._kw_unknown, $.keyword), optional($._text_arg)),
      ))),
    ),

    _healthcheck_cmd: $ => seq(alias($._kw_cmd, $.keyword), optional($._command)),

    // --- ONBUILD --------------------------------------------------------------
    _onbuild_body: $ => seq(
      alias($._kw_onbuild, $.keyword),
      optional(seq($._sep, field('instruction', choice(
        ...INSTRUCTIONS.filter(n => n !== 'onbuild').map(
          n => alias($['_' + n + '_body'], $[n + '_instruction'])),
      )))),
    ),

    heredoc_body: $ => seq(optional($.heredoc_content), $.heredoc_end),
  },
});
