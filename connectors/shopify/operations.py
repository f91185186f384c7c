"""The GraphQL Admin API 2025-01 operations the Shopify client sends: every query and mutation, as data.

Shared selections are fragments. The contract tests validate each operation against Shopify's
official schema (../shared/api-specs/shopify), so a renamed field fails a test here, not a
shop's flow. Costs: a connection costs 2 + first x its children, and one query may request at
most 1,000 points (see client.py for the page sizes that keep within it).
"""

ORDER_FIELDS = """
fragment OrderFields on Order {
  id legacyResourceId name email createdAt updatedAt cancelledAt cancelReason
  displayFinancialStatus displayFulfillmentStatus tags note
  totalPriceSet { shopMoney { amount currencyCode } }
  customer { id email firstName lastName }
  lineItems(first: $lineItems) { nodes { id sku title quantity } }
}
"""
FULFILLMENT_FIELDS = """
fragment FulfillmentFields on Fulfillment {
  id name status createdAt totalQuantity
  trackingInfo { company number url }
}
"""
VARIANT_FIELDS = """
fragment VariantFields on ProductVariant {
  id sku title displayName price inventoryQuantity
  product { id title }
  inventoryItem { id tracked }
}
"""
PRODUCT_FIELDS = """
fragment ProductFields on Product {
  id legacyResourceId title handle status vendor productType tags createdAt updatedAt totalInventory
  variants(first: $variants) { nodes { id sku title price inventoryQuantity inventoryItem { id tracked } } }
}
"""
REFUND_FIELDS = """
fragment RefundFields on Refund {
  id createdAt note
  totalRefundedSet { shopMoney { amount currencyCode } }
  refundLineItems(first: 25) { nodes { lineItem { id sku } quantity restockType } }
  transactions(first: 5) { nodes { id kind status gateway amountSet { shopMoney { amount currencyCode } } } }
}
"""
CUSTOMER_FIELDS = """
fragment CustomerFields on Customer {
  id email firstName lastName phone tags note createdAt
}
"""
ADJUSTMENT_FIELDS = """
fragment AdjustmentFields on InventoryAdjustmentGroup {
  createdAt reason
  changes { name delta quantityAfterChange item { id } location { id } }
}
"""

SHOP = "query Shop { shop { name myshopifyDomain } }"
GET_ORDER = "query GetOrder($id: ID!, $lineItems: Int!) { order(id: $id) { ...OrderFields } }" + ORDER_FIELDS
SEARCH_ORDERS = (
    """
query SearchOrders(
  $first: Int!, $after: String, $query: String, $sortKey: OrderSortKeys, $reverse: Boolean, $lineItems: Int!
) {
  orders(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {
    nodes { ...OrderFields }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + ORDER_FIELDS
)
ADD_ORDER_TAGS = """
mutation AddOrderTags($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) {
    node { __typename id ... on Order { tags } }
    userErrors { field message }
  }
}
"""
ORDER_NOTE = "query OrderNote($id: ID!) { order(id: $id) { id note } }"
UPDATE_ORDER_NOTE = """
mutation UpdateOrderNote($input: OrderInput!) {
  orderUpdate(input: $input) {
    order { id note }
    userErrors { field message }
  }
}
"""
# What a refund is paid from: the order's successful captures and sales, less what was refunded from each.
# Line prices are read (2 points a line) only when the refund names lines; 20 transactions cost 62.
REFUNDABLE_ORDER = """
query RefundableOrder($id: ID!, $lineItems: Int!) {
  order(id: $id) {
    id currencyCode
    lineItems(first: $lineItems) { nodes { id discountedUnitPriceSet { shopMoney { amount } } } }
    transactions(first: 20) {
      id kind status gateway
      amountSet { shopMoney { amount currencyCode } }
      parentTransaction { id }
    }
  }
}
"""
CREATE_REFUND = (
    """
mutation CreateRefund($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { ...RefundFields }
    order { id displayFinancialStatus totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}
"""
    + REFUND_FIELDS
)
ORDER_FULFILLMENT_ORDERS = (
    """
query OrderFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 20) { nodes { id status } }
    fulfillments(first: 50) { ...FulfillmentFields }
  }
}
"""
    + FULFILLMENT_FIELDS
)
CREATE_FULFILLMENT = (
    """
mutation CreateFulfillment($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { ...FulfillmentFields }
    userErrors { field message }
  }
}
"""
    + FULFILLMENT_FIELDS
)
FIND_VARIANTS = (
    """
query FindVariants($query: String!) {
  productVariants(first: 10, query: $query) { nodes { ...VariantFields } }
}
"""
    + VARIANT_FIELDS
)
GET_PRODUCT = "query GetProduct($id: ID!, $variants: Int!) { product(id: $id) { ...ProductFields } }" + PRODUCT_FIELDS
GET_VARIANT = "query GetVariant($id: ID!) { productVariant(id: $id) { ...VariantFields } }" + VARIANT_FIELDS
SET_INVENTORY = (
    """
mutation SetInventory($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { ...AdjustmentFields }
    userErrors { field message code }
  }
}
"""
    + ADJUSTMENT_FIELDS
)
ADJUST_INVENTORY = (
    """
mutation AdjustInventory($input: InventoryAdjustQuantitiesInput!) {
  inventoryAdjustQuantities(input: $input) {
    inventoryAdjustmentGroup { ...AdjustmentFields }
    userErrors { field message code }
  }
}
"""
    + ADJUSTMENT_FIELDS
)
CANCEL_ORDER = """
mutation CancelOrder(
  $orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!,
  $notifyCustomer: Boolean, $staffNote: String
) {
  orderCancel(
    orderId: $orderId, reason: $reason, refund: $refund, restock: $restock,
    notifyCustomer: $notifyCustomer, staffNote: $staffNote
  ) {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}
"""
CREATE_CUSTOMER = (
    """
mutation CreateCustomer($input: CustomerInput!) {
  customerCreate(input: $input) {
    customer { ...CustomerFields }
    userErrors { field message }
  }
}
"""
    + CUSTOMER_FIELDS
)
UPDATE_CUSTOMER = (
    """
mutation UpdateCustomer($input: CustomerInput!) {
  customerUpdate(input: $input) {
    customer { ...CustomerFields }
    userErrors { field message }
  }
}
"""
    + CUSTOMER_FIELDS
)

SUBSCRIBE_WEBHOOK = """
mutation SubscribeWebhook($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic callbackUrl }
    userErrors { field message }
  }
}
"""
FIND_WEBHOOK_SUBSCRIPTIONS = """
query FindWebhookSubscriptions($topics: [WebhookSubscriptionTopic!], $callbackUrl: URL) {
  webhookSubscriptions(first: 10, topics: $topics, callbackUrl: $callbackUrl) { nodes { id topic callbackUrl } }
}
"""
UNSUBSCRIBE_WEBHOOK = """
mutation UnsubscribeWebhook($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    userErrors { field message }
  }
}
"""
