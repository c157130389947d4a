import { LIMITS } from '../../shared/events/limits.js';
import type { EventBody } from './eventBody.js';
import { firstGiven, idText, Refusal, type JsonObject } from './messageFields.js';

/**
 * Segment's e-commerce spec `Order Completed` as a `conversion` of type `purchase`: the order's
 * value, currency and id, the figures Cuepoint's goals and uplift count. The rest of the order
 * (products, coupon, shipping, the customer's details) is not stored.
 */

/** Segment's spec names `revenue` and `total`; `value` is what other tools send. */
const VALUE_FIELDS = ['revenue', 'total', 'value'] as const;
const ORDER_ID_FIELDS = ['order_id', 'orderId'] as const;
/** Segment's own default when an order names no currency. */
const DEFAULT_CURRENCY = 'USD';
/** A decimal number written as text (`"49.90"`), as some shops' servers send prices. */
const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;

/** `Order Completed`, `order completed`, `order_completed`: the spec's name however a client spells it. */
export function isOrderCompleted(name: string): boolean {
  return name.trim().toLowerCase().replace(/[\s_]+/g, ' ') === 'order completed';
}

export function orderCompletedBody(properties: JsonObject): EventBody | Refusal {
  const fields: EventBody['fields'] = { type: 'conversion', conversionType: 'purchase' };
  const origins: Record<string, string> = { conversionType: 'event' };

  const valueMember = firstGiven(properties, VALUE_FIELDS);
  if (valueMember) {
    const [name, raw] = valueMember;
    const value = orderValue(raw, `properties.${name}`);
    if (value instanceof Refusal) return value;
    fields.value = value;
    origins.value = `properties.${name}`;
  }

  if (properties.currency !== undefined && properties.currency !== null) {
    if (typeof properties.currency !== 'string' || !/^[A-Za-z]{3}$/.test(properties.currency)) {
      return new Refusal('properties.currency', 'must be an ISO 4217 code');
    }
    fields.currency = properties.currency.toUpperCase();
    origins.currency = 'properties.currency';
  } else if (fields.value !== undefined) {
    fields.currency = DEFAULT_CURRENCY;
    origins.currency = 'properties.currency';
  }

  const orderMember = firstGiven(properties, ORDER_ID_FIELDS);
  if (orderMember) {
    const field = `properties.${orderMember[0]}`;
    const orderId = idText(orderMember[1], field);
    if (orderId instanceof Refusal) return orderId;
    if (orderId !== undefined && orderId.length > LIMITS.labelChars) return new Refusal(field, `must be at most ${LIMITS.labelChars} characters`);
    if (orderId !== undefined) {
      fields.orderId = orderId;
      origins.orderId = field;
    }
  }
  return { fields, origins };
}

function orderValue(raw: unknown, field: string): number | Refusal {
  const value = typeof raw === 'string' && DECIMAL.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) return new Refusal(field, 'must be a number');
  if (Math.abs(value) > LIMITS.maxValue) return new Refusal(field, `must be between -${LIMITS.maxValue} and ${LIMITS.maxValue}`);
  return value;
}
