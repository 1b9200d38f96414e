/* plugin */
module.exports = {};
