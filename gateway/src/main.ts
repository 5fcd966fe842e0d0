import { main } from '@shop/server';
import { runGatewayProcess } from './process';

main(runGatewayProcess);
