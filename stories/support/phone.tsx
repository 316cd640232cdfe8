import type { Decorator } from '@storybook/react-vite';

/**
 * A story on a phone's screen (360 × 740, a login page's width) with the page's padding: spread
 * into a meta. The viewport's `options` and `globals` are Storybook's viewport addon.
 */
export const ON_A_PHONE = {
  parameters: {
    viewport: {
      options: {
        phone360: { name: 'Phone 360 × 740', styles: { width: '360px', height: '740px' }, type: 'mobile' },
      },
    },
  },
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 360, padding: 16, boxSizing: 'border-box' }}>
        <Story />
      </div>
    ),
  ] satisfies Decorator[],
};
