import { main, runEmbedded } from '@shop/runtime';

main(runEmbedded);
