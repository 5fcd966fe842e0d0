export { DEMO_ACCOUNTS, seedDemoAccounts, type DemoAccount, type DemoSeedResult } from './demo';
