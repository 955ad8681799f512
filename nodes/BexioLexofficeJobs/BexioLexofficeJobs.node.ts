import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { loadConnectionOptions } from './actions/connectionOptions';
import { loadMasterDataOptions } from './actions/masterDataOptions';
import { router } from './actions/router';
import { versionDescription } from './actions/versionDescription';
import { connectFromCredential, readTemporalCredential, scrub } from './transport';

export class BexioLexofficeJobs implements INodeType {
	description: INodeTypeDescription = versionDescription;

	methods = {
		loadOptions: { ...loadConnectionOptions, ...loadMasterDataOptions },
		credentialTest: {
			// Temporal speaks gRPC, so n8n's HTTP credential test cannot reach it: connect and describe the namespace.
			async temporalConnectionTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const settings = readTemporalCredential(credential.data ?? {});
				try {
					const client = await connectFromCredential(settings);
					try {
						await client.workflowService.describeNamespace({ namespace: settings.namespace });
					} finally {
						await client.connection.close();
					}
					return {
						status: 'OK',
						message: `Connected to ${settings.address}, namespace "${settings.namespace}"`,
					};
				} catch (error) {
					return {
						status: 'Error',
						message: scrub(error instanceof Error ? error.message : String(error), settings.apiKey),
					};
				}
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await router.call(this, { continueOnFail: this.continueOnFail() })];
	}
}
