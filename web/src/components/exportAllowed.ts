import { createContext } from 'preact';

/**
 * Whether tables offer CSV export: a project's viewers read figures, members and up also
 * export them. Screens outside a project export freely (they show only the user's own data).
 */
export const ExportAllowed = createContext(true);
