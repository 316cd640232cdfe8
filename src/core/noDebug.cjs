// Stands in for the `debug` package that `jsonp` requires (vite.config.ts aliases it here):
// enabled, `debug` would log every JSONP answer, phone numbers included, and it is most of
// jsonp's weight in a bundle. CommonJS, because jsonp calls `require('debug')('jsonp')`.
function disabled() {}
disabled.enabled = false;
module.exports = function createDebug() {
  return disabled;
};
