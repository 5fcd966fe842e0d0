import { main, runGatewayProcess } from '@shop/runtime';

main(runGatewayProcess);
