-- wrk: POST the order with a unique X-Request-Id per request (so no delivery is a duplicate);
-- print a one-line JSON summary (p50/p95/p99 in ms). With SHOPIFY_HMAC set, each request is a
-- signed Shopify `orders/paid` delivery: that signature of the (unchanging) body, and the
-- request's id as X-Shopify-Webhook-Id, which Shopify's trigger dedups on.
local f = io.open(os.getenv("ORDER_JSON"), "r")
local body = f:read("*a"); f:close()
local counter = 0
local prefix = os.getenv("RUN_PREFIX") or "bench"
local hmac = os.getenv("SHOPIFY_HMAC")

request = function()
  counter = counter + 1
  local id = prefix .. "-" .. tostring(counter) .. "-" .. tostring(math.random(1, 1e9))
  local headers = {["Content-Type"] = "application/json", ["X-Request-Id"] = id}
  if hmac and hmac ~= "" then
    headers["X-Shopify-Hmac-Sha256"] = hmac
    headers["X-Shopify-Topic"] = "orders/paid"
    headers["X-Shopify-Shop-Domain"] = "bench.myshopify.com"
    headers["X-Shopify-Webhook-Id"] = id
  end
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"errors":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
