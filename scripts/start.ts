import { runEmbedded } from '@shop/runtime';
import { main } from '@shop/server';

main(runEmbedded);
