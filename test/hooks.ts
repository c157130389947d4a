import { tearDownSharedServices } from './helpers/services.js';

/** Root hooks: shared servers and the template database are set up lazily, torn down once. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await tearDownSharedServices();
  },
};
