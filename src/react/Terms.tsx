import { Fragment } from 'react';
import type { Agreement } from '../core/terms.js';
import type { OneTapLabels } from './labels.js';
import { styles } from './styles.js';

/**
 * 《A》、《B》和《C》: each a link that opens in a new tab (and says so to a screen reader),
 * joined the way the locale joins lists.
 */
export function Terms({ terms, labels }: { terms: readonly Agreement[]; labels: OneTapLabels }) {
  const last = terms.length - 1;
  return terms.map(({ title, href }, index) => (
    <Fragment key={href + title}>
      {index === 0 ? '' : index === last ? labels.and : labels.separator}
      <a href={href} target="_blank" rel="noopener noreferrer" style={styles.link}>
        {title}
        <span style={styles.visuallyHidden}>{labels.newTab}</span>
      </a>
    </Fragment>
  ));
}
