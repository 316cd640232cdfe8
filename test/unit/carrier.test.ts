import { describe, expect, it } from 'vitest';
import { carrierOf } from '../../src/core/carrier';

describe('carrierOf', () => {
  it.each([
    ['134****8682', 'mobile'],
    ['139****0000', 'mobile'],
    ['198****1234', 'mobile'],
    ['130****1234', 'unicom'],
    ['186****1234', 'unicom'],
    ['166****1234', 'unicom'],
    ['189****1234', 'telecom'],
    ['133****1234', 'telecom'],
    ['199****1234', 'telecom'],
    ['192****1234', 'broadnet'],
    ['165****1234', 'mobile'],
    ['171****1234', 'unicom'],
    ['162****1234', 'telecom'],
  ] as const)('names the carrier that was allocated %s', (phone, carrier) => {
    expect(carrierOf(phone)).toBe(carrier);
  });

  it.each([
    ['170****1234', 'a virtual operators’ prefix whose hidden fourth digit picks the carrier'],
    ['141****1234', 'an IoT prefix'],
    ['123****1234', 'no mobile prefix'],
    ['', 'an empty string'],
    ['+86134****8682', 'a number with a country code'],
  ])('says unknown for %s (%s)', (phone) => {
    expect(carrierOf(phone)).toBe('unknown');
  });
});
