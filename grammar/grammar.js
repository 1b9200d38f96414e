module.exports = grammar({
  name: 'dockerfile',
  externals: $ => [$.placeholder],
  rules: { source_file: $ => repeat($.placeholder) },
});
