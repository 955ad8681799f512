import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { TASK_QUEUE, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE } from '../temporal/defaults';

/**
 * Where the Temporal service of the accounting worker runs. Holds no bexio or lexoffice secrets: the
 * worker resolves connection ids to its own credentials. Temporal speaks gRPC, not HTTP, so the
 * connection is tested by the Bexio Lexoffice Jobs node (`testedBy: temporalConnectionTest`).
 */
// The rule looks for `testedBy` in *.node.ts files only; the Jobs node declares it in actions/versionDescription.ts.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class TemporalApi implements ICredentialType {
	name = 'temporalApi';

	displayName = 'Temporal API';

	icon: Icon = {
		light: 'file:../nodes/BexioLexofficeJobs/jobs.svg',
		dark: 'file:../nodes/BexioLexofficeJobs/jobs.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-bexio-lexoffice/n8n-nodes-bexio-lexoffice#durable-jobs-temporal';

	properties: INodeProperties[] = [
		{
			displayName: 'Address',
			name: 'address',
			type: 'string',
			default: TEMPORAL_ADDRESS,
			required: true,
			placeholder: 'e.g. my-ns.a1b2c.tmprl.cloud:7233',
			description: 'Host and gRPC port of the Temporal frontend',
		},
		{
			displayName: 'Namespace',
			name: 'namespace',
			type: 'string',
			default: TEMPORAL_NAMESPACE,
			required: true,
		},
		{
			displayName: 'TLS',
			name: 'tls',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect with TLS (always on when an API key is set, as Temporal Cloud requires)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Temporal Cloud API key; leave empty for a self-hosted server without authentication',
		},
		{
			displayName: 'Task Queue',
			name: 'taskQueue',
			type: 'string',
			default: TASK_QUEUE,
			description:
				'Task queue the accounting worker polls; change only when the worker uses another one',
		},
	];
}
