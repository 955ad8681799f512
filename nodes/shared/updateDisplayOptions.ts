import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Scopes properties to a resource/operation by merging `displayOptions` (n8n keeps its own copy private). */
export function updateDisplayOptions(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...(property.displayOptions ?? {}),
			show: { ...(property.displayOptions?.show ?? {}), ...(displayOptions.show ?? {}) },
			...(displayOptions.hide || property.displayOptions?.hide
				? { hide: { ...(property.displayOptions?.hide ?? {}), ...(displayOptions.hide ?? {}) } }
				: {}),
		},
	}));
}
