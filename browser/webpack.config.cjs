// Bundles the browser harness (browser/harness.tsx plus the real src/ editors
// and @grafana/ui with Monaco) into browser/dist for `npm run test:browser`.
const path = require('path');
const webpack = require('webpack');

const swc = {
  loader: 'swc-loader',
  options: {
    jsc: {
      target: 'es2020',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'classic' } },
    },
  },
};

module.exports = {
  mode: 'development',
  devtool: false,
  context: __dirname,
  entry: { harness: './harness.tsx' },
  output: {
    path: path.join(__dirname, 'dist'),
    filename: '[name].js',
    publicPath: '/dist/',
    clean: true,
  },
  resolve: {
    extensions: ['.tsx', '.ts', '.mjs', '.js', '.json'],
  },
  module: {
    rules: [
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.tsx?$/, exclude: /node_modules/, use: swc },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(svg|png|woff2?|ttf|eot)$/, type: 'asset/resource' },
    ],
  },
  plugins: [
    new webpack.DefinePlugin({ 'process.env.NODE_ENV': JSON.stringify('development') }),
    // Monaco runs its language workers on the main thread here: one module less to serve.
    new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
  ],
  performance: { hints: false },
  stats: 'errors-warnings',
};
