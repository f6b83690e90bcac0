// plotly.js with only the trace types the Workbook's charts draw (scatter comes with the core).
// tests/test_plotly_bundle.py fails when a chart in workbook/charts uses a type missing here.
var Plotly = require("../node_modules/plotly.js/lib/core");

Plotly.register([
  require("../node_modules/plotly.js/lib/bar"),
  require("../node_modules/plotly.js/lib/heatmap"),
  require("../node_modules/plotly.js/lib/sankey"),
]);

module.exports = Plotly;
