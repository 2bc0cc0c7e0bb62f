export * from './policy';
export { cloudFrontFunctionCode, lambdaEdgeHandlerCode, CLOUDFRONT_FUNCTION_MAX_BYTES } from './edge-source';
export { partitionSetCookie } from './partition';
export * from './app-gateway-rewrite';
